/** Administration > Interrogation Services (Harbor's name): the scanners, and scanning every image. */
import { PageHeader } from '../../components/ui/misc';
import { UrlTabs } from '../../components/ui/url-tabs';
import { usePageTitle } from '../../lib/page-title';
import { ScannersTab } from './components/scanners-tab';
import { VulnerabilityTab } from './components/vulnerability-tab';

export default function InterrogationServicesPage() {
  usePageTitle('Interrogation Services');
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Interrogation Services" />
      <UrlTabs
        label="Interrogation Services sections"
        tabs={[
          { value: 'scanners', label: 'Scanners', content: <ScannersTab /> },
          { value: 'vulnerability', label: 'Vulnerability', content: <VulnerabilityTab /> },
        ]}
      />
    </>
  );
}

/** /scanners and /projects/{p}/scanner: thin handlers over core/scanning. */
import type { CoreContext } from '../core/context.js';
import { getProjectScannerAs, listScannerCandidatesAs, setProjectScannerAs } from '../core/scanning/project-scanner.service.js';
import {
  createScannerAs,
  deleteScannerAs,
  getScannerAs,
  listScannersAs,
  pingScannerAs,
  scannerMetadataAs,
  setScannerDefaultAs,
  updateScannerAs,
  type ScannerInput,
} from '../core/scanning/scanner.service.js';
import { actorOf } from './authentication.js';
import type { scannerOperations } from './contracts/scanners.js';
import { sendPage } from './paging.js';
import { locationOf, projectRef } from './refs.js';
import type { HandlersOf } from './route.js';
import { scannerJson } from './scan-presenters.js';

const inputOf = (body: { name: string; description?: string; url: string; auth?: string; access_credential?: string; skip_certVerify?: boolean; use_internal_addr?: boolean; disabled?: boolean }): ScannerInput => ({
  name: body.name,
  description: body.description,
  url: body.url,
  auth: body.auth,
  accessCredential: body.access_credential,
  skipCertVerify: body.skip_certVerify,
  useInternalAddr: body.use_internal_addr,
  disabled: body.disabled,
});

export function scannerHandlers(ctx: CoreContext): HandlersOf<typeof scannerOperations> {
  return {
    listScanners: async ({ query }, req, res) => {
      sendPage(req, res, await listScannersAs(ctx, actorOf(req, res), query), scannerJson);
    },
    createScanner: async ({ body }, req, res) => {
      const uuid = await createScannerAs(ctx, actorOf(req, res), inputOf(body));
      res.location(locationOf(req, uuid)).status(201).end();
    },
    pingScanner: async ({ body }, req, res) => {
      await pingScannerAs(ctx, actorOf(req, res), { url: body.url, auth: body.auth, accessCredential: body.access_credential });
      res.status(200).end();
    },
    getScanner: async ({ params }, req, res) => {
      res.json(scannerJson(await getScannerAs(ctx, actorOf(req, res), params.registration_id)));
    },
    updateScanner: async ({ params, body }, req, res) => {
      await updateScannerAs(ctx, actorOf(req, res), params.registration_id, inputOf(body));
      res.status(200).end();
    },
    deleteScanner: async ({ params }, req, res) => {
      const row = await deleteScannerAs(ctx, actorOf(req, res), params.registration_id);
      res.json(scannerJson({ row, health: 'unhealthy' }));
    },
    setScannerAsDefault: async ({ params, body }, req, res) => {
      await setScannerDefaultAs(ctx, actorOf(req, res), params.registration_id, body.is_default ?? false);
      res.status(200).end();
    },
    getScannerMetadata: async ({ params }, req, res) => {
      res.json(await scannerMetadataAs(ctx, actorOf(req, res), params.registration_id));
    },
    getScannerOfProject: async ({ params, headers }, req, res) => {
      res.json(scannerJson(await getProjectScannerAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']))));
    },
    setScannerOfProject: async ({ params, headers, body }, req, res) => {
      await setProjectScannerAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']), body.uuid);
      res.status(200).end();
    },
    listScannerCandidatesOfProject: async ({ params, headers, query }, req, res) => {
      sendPage(req, res, await listScannerCandidatesAs(ctx, actorOf(req, res), projectRef(params.project_name_or_id, headers['x-is-resource-name']), query), scannerJson);
    },
  };
}

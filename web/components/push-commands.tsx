/** How to push into a project: docker login, tag and push, each with its copy button. */
import { registryHost, useSystemInfo } from '../lib/system-info';
import { CommandLine } from './ui/misc';

export function PushCommands({ projectName }: { projectName: string }) {
  const host = registryHost(useSystemInfo().data);
  const target = `${host}/${projectName}/REPOSITORY[:TAG]`;
  return (
    <div className="flex flex-col gap-2">
      <CommandLine command={`docker login ${host}`} label="Copy the login command" />
      <CommandLine command={`docker tag SOURCE_IMAGE[:TAG] ${target}`} label="Copy the tag command" />
      <CommandLine command={`docker push ${target}`} label="Copy the push command" />
    </div>
  );
}

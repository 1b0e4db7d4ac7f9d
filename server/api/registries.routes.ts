/** /registries and /replication/adapters*: thin handlers over core/registries. */
import type { CoreContext } from '../core/context.js';
import { getRegistryInfoAs, listAdapterInfosAs, listAdapterTypesAs, pingRegistryAs } from '../core/registries/registry-check.service.js';
import { createRegistryAs, deleteRegistryAs, getRegistryAs, listRegistriesAs, updateRegistryAs } from '../core/registries/registry.service.js';
import { previewRemoteRepositoriesAs } from '../core/replication/remote-preview.service.js';
import { actorOf } from './authentication.js';
import type { registryOperations } from './contracts/registries.js';
import { sendPage } from './paging.js';
import { registryJson } from './registry-endpoint-presenter.js';
import { locationOf } from './refs.js';
import type { HandlersOf } from './route.js';

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export function registryHandlers(ctx: CoreContext): HandlersOf<typeof registryOperations> {
  return {
    listRegistryProviderTypes: (_input, req, res) => {
      res.json(listAdapterTypesAs(actorOf(req, res)));
    },
    listRegistryProviderInfos: (_input, req, res) => {
      res.json(listAdapterInfosAs(actorOf(req, res)));
    },
    listRegistries: async ({ query }, req, res) => {
      const { name, ...paging } = query;
      sendPage(req, res, await listRegistriesAs(ctx.db, actorOf(req, res), paging, name), registryJson);
    },
    createRegistry: async ({ body }, req, res) => {
      const id = await createRegistryAs(ctx, actorOf(req, res), {
        name: body.name,
        url: body.url,
        type: body.type,
        description: body.description,
        insecure: body.insecure,
        caCertificate: body.ca_certificate,
        credentialType: body.credential?.type,
        accessKey: body.credential?.access_key,
        accessSecret: body.credential?.access_secret,
      });
      res.location(locationOf(req, id)).status(201).end();
    },
    pingRegistry: async ({ body }, req, res) => {
      await pingRegistryAs(ctx, actorOf(req, res), {
        id: body.id,
        type: body.type,
        url: body.url,
        credentialType: body.credential_type,
        accessKey: body.access_key,
        accessSecret: body.access_secret,
        insecure: body.insecure,
        caCertificate: body.ca_certificate,
      });
      res.status(200).end();
    },
    getRegistry: async ({ params }, req, res) => {
      res.json(registryJson(await getRegistryAs(ctx.db, actorOf(req, res), params.id)));
    },
    updateRegistry: async ({ params, body }, req, res) => {
      await updateRegistryAs(ctx, actorOf(req, res), params.id, {
        name: orUndefined(body.name),
        description: orUndefined(body.description),
        url: orUndefined(body.url),
        insecure: orUndefined(body.insecure),
        caCertificate: body.ca_certificate === undefined ? undefined : body.ca_certificate,
        credentialType: orUndefined(body.credential_type),
        accessKey: orUndefined(body.access_key),
        accessSecret: orUndefined(body.access_secret),
      });
      res.status(200).end();
    },
    deleteRegistry: async ({ params }, req, res) => {
      await deleteRegistryAs(ctx, actorOf(req, res), params.id);
      res.status(200).end();
    },
    getRegistryInfo: async ({ params }, req, res) => {
      res.json(await getRegistryInfoAs(ctx.db, actorOf(req, res), params.id));
    },
    listRemoteRepositories: async ({ params, query }, req, res) => {
      res.json(await previewRemoteRepositoriesAs(ctx, actorOf(req, res), params.id, query.name?.trim() ?? ''));
    },
  };
}

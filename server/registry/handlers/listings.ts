/**
 * GET /v2/ (the version check), tags/list, _catalog and referrers: the read-only listings.
 * Tags and catalog page with `n` and `last` and say where the next page is in a Link header.
 */
import { referrersOf } from '../../core/artifacts/referrers.service.js';
import { listCatalog, listTags } from '../../core/repositories/listing.service.js';
import { pageRequest, queryParam, setNextLink } from '../http.js';
import type { Handler } from './types.js';

/** A repository with more tags than this is listed in pages even when the client sent no `n`. */
const MAX_PAGE = 10_000;
const CATALOG_PAGE = 1000;

export const versionCheck: Handler = async (_ctx, _req, res) => {
  res.status(200).json({});
};

export const getTags: Handler = async (ctx, req, res, { name }) => {
  const { n, last } = pageRequest(req, MAX_PAGE, MAX_PAGE);
  const page = await listTags(ctx, name, last, n);
  if (page.more) setNextLink(res, `/v2/${name}/tags/list`, n, page.names.at(-1)!);
  res.status(200).json({ name, tags: page.names });
};

export const getCatalog: Handler = async (ctx, req, res, _params, caller) => {
  const { n, last } = pageRequest(req, CATALOG_PAGE, MAX_PAGE);
  const page = await listCatalog(ctx, await caller.catalogVisibility(), last, n);
  if (page.more) setNextLink(res, '/v2/_catalog', n, page.names.at(-1)!);
  res.status(200).json({ repositories: page.names });
};

export const getReferrers: Handler = async (ctx, req, res, { name, digest }) => {
  const artifactType = queryParam(req, 'artifactType');
  const index = await referrersOf(ctx, name, digest, artifactType);
  // Spec: a filtered answer says which filters it applied.
  if (artifactType !== undefined) res.setHeader('OCI-Filters-Applied', 'artifactType');
  // The exact media type, with no charset Express would add to a string body: clients compare it.
  const body = Buffer.from(JSON.stringify(index));
  res.status(200).setHeader('Content-Type', 'application/vnd.oci.image.index.v1+json');
  res.send(body);
};

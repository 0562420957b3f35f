import { Type } from 'typebox';
import { MAX_SEARCH_LENGTH } from '../../core/reports/support-search.ts';
import { ACCESS } from './access.ts';
import { presentSearchResult, SearchResultSchema } from './people.schemas.ts';
import { adminRouteGroup } from './route-options.ts';
import { errors } from './schemas.ts';

/** Support's one search box: "what happened to this influencer's sale?". */
export const searchRoutes = adminRouteGroup('admin: search', (app, route, deps) => {
  app.get('/search', route(ACCESS.staffRead, {
    summary: 'Find an influencer, an order, a click or a link from what support was told',
    description: 'Recognises an influencer id, name (its start), chat handle (@anna) or chat account (Telegram user id, WhatsApp phone), an order id (exact), a click id (the dc_click UUID) and a link code. Each result names the console page to open.',
    querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: MAX_SEARCH_LENGTH }) }, { additionalProperties: false }),
    response: { 200: Type.Object({ query: Type.String(), results: Type.Array(SearchResultSchema) }), ...errors(400) },
  }), async (request) => {
    const { query, results } = await deps.services.people.search(request.caller, request.query.q);
    return { query, results: results.map(presentSearchResult) };
  });
});

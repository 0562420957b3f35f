import type { AutopostAdmin } from '../../core/autopost/autopost-admin.service.ts';

/** What the autopost routes need (core/autopost/autopost-admin.service.ts), built by cli/services/autopost.services.ts. */
export interface AutopostApi {
  readonly chats: AutopostAdmin;
}

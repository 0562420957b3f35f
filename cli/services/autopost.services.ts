import type { AutopostApi } from '../../api/services/autopost.ts';
import { autopostAdmin } from '../../core/autopost/autopost-admin.service.ts';
import { autopostStore } from '../../db/autopost.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The autopost reads on the database, for the api role. */
export function buildAutopostApi({ db }: ServiceInfrastructure): AutopostApi {
  return { chats: autopostAdmin(autopostStore(db)) };
}

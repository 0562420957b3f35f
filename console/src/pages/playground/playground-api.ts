import { admin } from '../../http/client.ts';

// The bot playground's side of the admin API (POST /playground/messages, GET /playground/personas).

export type PlaygroundButton = { label: string; action: string } | { label: string; url: string } | { label: string; share: string };

export interface PlaygroundReply {
  kind: 'text' | 'image' | 'buttons' | 'file';
  text: string;
  imageUrl?: string;
  image?: string;
  file?: { name: string; mimeType: string; dataUrl: string; bytes: number };
  buttons?: PlaygroundButton[];
  telegram: { text: string; keyboard: PlaygroundButton[][] };
  whatsapp: { text: string; media: 'none' | 'image' | 'document' };
  dealCard: boolean;
}

export interface Persona {
  persona: string;
  influencerId: string;
  name: string;
  language: string;
  country: string | null;
  status: 'active' | 'suspended' | 'deleted';
  createdAt: string;
}

export interface PlaygroundAnswer {
  replies: PlaygroundReply[];
  whatsappOptions: string[];
  persona: Persona | null;
}

export interface OutgoingMessage {
  persona: string;
  text: string;
  language?: string;
  chatType?: 'private' | 'group';
  groupLabel?: string;
}

export const sendMessage = (message: OutgoingMessage) => admin.post<PlaygroundAnswer>('/playground/messages', message);
export const listPersonas = (signal?: AbortSignal) => admin.get<{ items: Persona[] }>('/playground/personas', {}, signal);

/** The commands influencers are told about (bots/engine/parser.ts PUBLIC_COMMANDS); those marked take an argument. */
export const PUBLIC_COMMANDS: { command: string; needsArgument?: boolean }[] = [
  { command: 'start' }, { command: 'help' }, { command: 'lang' }, { command: 'brands' }, { command: 'join', needsArgument: true },
  { command: 'deals' }, { command: 'search', needsArgument: true }, { command: 'link', needsArgument: true }, { command: 'qr', needsArgument: true },
  { command: 'poster', needsArgument: true }, { command: 'insta', needsArgument: true }, { command: 'stats' }, { command: 'balance' },
  { command: 'payout' }, { command: 'invite' }, { command: 'export' }, { command: 'deleteme' }, { command: 'pick', needsArgument: true }, { command: 'autopost' },
  { command: 'campaigns' },
];

/** A test influencer made in this browser that has not registered yet (the server knows it once it has). */
export interface PersonaDraft {
  persona: string;
  name: string;
  language: string;
  country: string;
}

const draftsKey = (adminId: string) => `dealcast.playground.drafts.${adminId}`;

export function loadDrafts(adminId: string): PersonaDraft[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(draftsKey(adminId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PersonaDraft[]).filter((d) => typeof d?.persona === 'string') : [];
  } catch {
    return [];
  }
}

export function saveDrafts(adminId: string, drafts: PersonaDraft[]): void {
  localStorage.setItem(draftsKey(adminId), JSON.stringify(drafts.slice(0, 50)));
}

/** "Léa Martin" → "lea-martin-k3f9": readable, unique enough, and within the API's pattern. */
export function personaHandle(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24);
  const suffix = Math.random().toString(36).slice(2, 6).padEnd(4, '0');
  return `${slug || 'persona'}-${suffix}`;
}

/** A data URL's bytes as a Blob (a fetch of data: is outside the console's connect-src). */
export function blobOf(dataUrl: string): Blob {
  const [head, base64 = ''] = dataUrl.split(',', 2);
  const mimeType = /^data:([^;,]+)/.exec(head ?? '')?.[1] ?? 'application/octet-stream';
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mimeType });
}

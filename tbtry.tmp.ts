import { Type, type Static } from 'typebox';
const E = Type.Enum(['telegram', 'whatsapp']);
type T = Static<typeof E>;
const t: T = 'telegram';
console.log(JSON.stringify(E), t, Object.keys(Type).join(' '));

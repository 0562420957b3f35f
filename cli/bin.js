#!/usr/bin/env node
// The `dealcast` command. Registers tsx so the TypeScript sources run as they are, then hands over.
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// tsx's module hooks run in a thread of their own (Node's off-thread loader), a second V8 heap
// that lives as long as the process. Its young generation, left at V8's default, grows to 32 MB
// while the sources are transformed and is never given back: a third of `start all`'s idle
// RSS beyond the app's own heap. Heap sizes are fixed when a heap is made, so this applies to the
// loader's heap (made by `register()`) and to threads started later (a pretty-log transport),
// never to this main thread's, which keeps V8's default for the request path.
v8.setFlagsFromString('--max-semi-space-size=1');
register();
await import('./main.ts');

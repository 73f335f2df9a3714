import { env } from 'cloudflare:workers';
import { MemoryStore, R2Store } from '../src/store';
import { objectStoreSuite } from './object-store-suite';

let run = 0;

objectStoreSuite('memory', async () => ({ store: new MemoryStore(), prefix: '' }));
// Each test gets its own prefix in the R2 binding so listings do not see other tests' objects.
objectStoreSuite('R2', async () => ({ store: new R2Store(env.STORE), prefix: `suite-${++run}/` }));

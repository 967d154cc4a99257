// The command line from the compiled modules (dist/src/), for tests that look at which modules a run loads.
import { main } from '../../dist/src/cli.js';

main();

/**
 * Child process for the lifecycle test: opens and starts the probe, says
 * "ready", then waits to be killed (it never closes the probe itself).
 */
import { defaultOptions, interestingTable, loadNative } from './native-probe.js';

const h = loadNative().open(defaultOptions(interestingTable([257, 3])));
h.start(() => {});
process.stdout.write('ready\n');
setInterval(() => {}, 1000);

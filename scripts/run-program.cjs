// The full program (dist/bundle/program.cjs) without the hot path or the recorded static output in front of it.
require('../dist/bundle/program.cjs').run();

// The full program (dist/bundle/program.cjs) without the entry (the recorded static output, `token`) in front of it.
require('../dist/bundle/program.cjs').run();

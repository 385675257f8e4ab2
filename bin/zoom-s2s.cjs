#!/usr/bin/env node
require('../dist/bundle/zoom-s2s.cjs');

#!/usr/bin/env node
import '../dist/bundle/zoom-s2s.js';

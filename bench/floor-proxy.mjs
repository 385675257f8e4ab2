#!/usr/bin/env node
/**
 * The floor for `zoom-s2s proxy`'s cost per request: the least a proxy in
 * Node can do, and nothing else. Each request is sent on to the API with the
 * token added, over a kept-alive connection, and its answer piped back: no
 * checks, no policy, no retry, no log. Prints its URL, then serves until
 * killed. Usage: node bench/floor-proxy.mjs <API base> <token>
 */
import http from 'node:http';

const [base, token] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const upstream = http.request(`${base}${req.url}`, { method: req.method, agent, headers: { ...req.headers, host: new URL(base).host, authorization: `Bearer ${token}` } }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));

// Node.js: TCP to the outside and the host, a DNS lookup, an HTTP request to the metadata service.
// limits: memory_kb=262144
// expect: ok
// stdout: SAFE
const net = require('net');
const dns = require('dns');
const targets = [['1.1.1.1', 53], ['169.254.169.254', 80], ['172.17.0.1', 2375], ['127.0.0.1', 6379]];
let pending = targets.length + 1;
const done = () => { if (--pending === 0) console.log('SAFE'); };
for (const [host, port] of targets) {
  const socket = net.connect({ host, port, timeout: 300 });
  socket.on('connect', () => { console.log(`BREACH network: connected to ${host}:${port}`); socket.destroy(); done(); });
  socket.on('error', (e) => { console.log(host, port, e.code); done(); });
  socket.on('timeout', () => { console.log(host, port, 'timeout'); socket.destroy(); done(); });
}
dns.lookup('example.com', (err, address) => {
  console.log(err ? `dns ${err.code}` : `BREACH dns: ${address}`);
  done();
});

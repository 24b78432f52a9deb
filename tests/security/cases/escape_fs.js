// Node.js: write outside the box, read secrets, spawn a shell to look for the engine socket.
// runsc-tolerates: proc-environ
// limits: memory_kb=262144
// expect: ok
// stdout: SAFE
const fs = require('fs');
const { execSync } = require('child_process');
for (const path of ['/etc/passwd', '/usr/lib/node_modules/x', '/opt/rce/runner.py', '/rce-escape']) {
  try { fs.appendFileSync(path, 'pwned'); console.log(`BREACH write: ${path}`); } catch (e) { console.log(path, e.code); }
}
for (const path of ['/etc/shadow', '/proc/1/environ', '/var/run/docker.sock']) {
  const tag = path.startsWith('/proc') ? 'proc-environ' : 'read';
  try { fs.readFileSync(path); console.log(`BREACH ${tag}: ${path}`); } catch (e) { console.log(path, e.code); }
}
const env = Object.keys(process.env).filter((k) => !['PATH', 'HOME', 'TMPDIR', 'LANG'].includes(k));
if (env.length) console.log('BREACH env:', env);
console.log(execSync('id -u').toString().trim());
console.log('SAFE');

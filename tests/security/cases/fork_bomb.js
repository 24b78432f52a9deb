// Node.js spawning children that spawn children: bounded by the pids limit, nothing survives.
// limits: memory_kb=262144
// expect: ok|rte|tle|mle
const { spawn } = require('child_process');
for (let i = 0; i < 200; i++) {
  try {
    spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }).on('error', () => {});
  } catch (e) {
    console.log('refused after', i);
    break;
  }
}
setTimeout(() => console.log('parent exits'), 300);

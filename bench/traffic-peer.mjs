// Traffic for bench/tunnels.ts, in its own process so the daemon's event loop only does the relay's work:
//   node traffic-peer.mjs echo               → prints "PORT <n>", echoes until killed
//   node traffic-peer.mjs pump <port> <bytes> → writes <bytes> through an echo path, reads them back,
//                                              prints "MS <milliseconds>"
//   node traffic-peer.mjs ping <port> <ms>    → a query loop through an echo path for <ms>: 32 bytes out, the
//                                              same back, again; prints "RTT <p50> <p99> <max> <count>" (ms)
import net from 'node:net';

const [mode, portText, bytesText] = process.argv.slice(2);
if (mode === 'echo') {
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
} else if (mode === 'pump') {
  const bytes = Number(bytesText);
  const chunk = Buffer.alloc(64 * 1024, 7);
  const started = performance.now();
  let received = 0;
  const socket = net.connect({ port: Number(portText), host: '127.0.0.1', noDelay: true }, () => {
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', write);
          return;
        }
      }
    };
    write();
  });
  socket.on('data', (data) => {
    received += data.length;
    if (received >= bytes) {
      console.log(`MS ${performance.now() - started}`);
      socket.destroy();
    }
  });
  socket.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
} else if (mode === 'ping') {
  const until = performance.now() + Number(bytesText);
  const query = Buffer.alloc(32, 1);
  const times = [];
  let sent = 0;
  let received = 0;
  const socket = net.connect({ port: Number(portText), host: '127.0.0.1', noDelay: true }, () => {
    sent = performance.now();
    socket.write(query);
  });
  socket.on('data', (data) => {
    received += data.length;
    if (received < query.length) return;
    received -= query.length;
    const now = performance.now();
    times.push(now - sent);
    if (now < until) {
      sent = now;
      socket.write(query);
      return;
    }
    times.sort((a, b) => a - b);
    const at = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
    console.log(`RTT ${at(50)} ${at(99)} ${times[times.length - 1]} ${times.length}`);
    socket.destroy();
  });
  socket.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
} else {
  console.error('usage: traffic-peer.mjs echo | pump <port> <bytes> | ping <port> <ms>');
  process.exit(2);
}

// Traffic for bench/tunnels.ts, in its own process so the daemon's event loop only does the relay's work:
//   node traffic-peer.mjs echo               → prints "PORT <n>", echoes until killed
//   node traffic-peer.mjs pump <port> <bytes> → writes <bytes> through an echo path, reads them back,
//                                              prints "MS <milliseconds>"
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
} else {
  console.error('usage: traffic-peer.mjs echo | pump <port> <bytes>');
  process.exit(2);
}

import { run } from './main.js';

// `wxkit qr URL | head`: the reader closed the pipe early; that ends the command quietly, as it does for cat.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });

process.exitCode = await run(process.argv.slice(2));

// The same answer from express 5 with a router: the app most users instrument. Errors are not
// exercised here; what matters is what a subscriber to express's router channel costs per layer.
const express = require('express');
const app = express();
const users = express.Router();
users.get('/:id', (_req, res) => res.type('text/plain').send('hello'));
app.use('/api/users', users);
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () =>
  console.log(`listening ${server.address().port}`),
);

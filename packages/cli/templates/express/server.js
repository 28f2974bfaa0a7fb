// Express: the kit's routes (/wx/...) first, before any body parser, so callbacks keep their raw body.
import { wxExpress } from '@wxkit/server/express';
import express from 'express';
import { staticFile } from './static.js';
import { me, port, publicUrl, wx } from './wx.js';

const app = express();
app.use(wxExpress(wx));
app.use(express.json());

app.get('/api/me', async (req, res) => {
  const { status, body } = await me(req);
  res.status(status).json(body);
});

app.use(async (req, res, next) => {
  const file = req.method === 'GET' ? await staticFile(req.path) : undefined;
  if (!file) return next();
  res.type(file.type).send(file.body);
});

app.listen(port, () => console.log(`app on ${publicUrl}/`));

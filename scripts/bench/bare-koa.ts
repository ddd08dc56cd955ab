/**
 * The framework's own speed, for the benchmarks' baseline: a bare Koa app with @koa/router
 * answering a small JSON body, in its own process, on the port given as the first argument.
 */
import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const router = new Router();
router.get('/healthz', (ctx) => {
  ctx.body = { ok: true };
});
app.use(router.routes());
app.listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('ready'));

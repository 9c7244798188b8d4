import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { problem, sendProblem } from '../http/problem';

/** Where `npm run build:dashboard` writes the pages (apps/dashboard/vite.config.mts). */
export const DEFAULT_DASHBOARD_DIR = path.resolve(__dirname, '../../../dashboard/dist');

// Everything the pages load is served from here: no CDN, no other origin (the API is this server).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The dashboard's static files at /dashboard/ (mount it there), read from `dir` at each request,
 * so a build made while the server runs is served at once and a missing build answers 404
 * DASHBOARD.NOT_BUILT rather than failing. Hashed assets are cached for good; any other path is
 * the single page (index.html, never cached), whose routes live in the URL's fragment. A missing
 * file under assets/ is a 404: answering HTML for a script would only hide the error.
 */
export function serveDashboard(dir: string): express.Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  const assets = express.static(dir, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (res, file) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (file.startsWith(path.join(dir, 'assets') + path.sep)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next('router');
    // Relative to /dashboard/: the pages' URLs (and `node-runner login`'s link) all end in a slash.
    if (req.originalUrl === '/dashboard' || req.originalUrl.startsWith('/dashboard?')) {
      return res.redirect(308, `/dashboard/${req.originalUrl.slice('/dashboard'.length)}`);
    }
    assets(req, res, next);
  });

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/assets/')) {
      return sendProblem(res, { ...problem(404, 'DASHBOARD.ASSET_NOT_FOUND', `no dashboard asset at ${req.path.slice(0, 200)}`), instance: req.originalUrl });
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.sendFile(index, (err?: NodeJS.ErrnoException) => {
      if (!err || res.headersSent) return;
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
        res.removeHeader('Content-Security-Policy');
        res.removeHeader('Cache-Control');
        return sendProblem(res, { ...problem(404, 'DASHBOARD.NOT_BUILT', 'the dashboard is not built: run npm run build:dashboard (npm start builds it)'), instance: req.originalUrl });
      }
      next(err);
    });
  });
  return router;
}

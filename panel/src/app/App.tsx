/** The page routes: each page is its own chunk, loaded when first visited. */
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { Shell } from './Shell.js';

const Dashboard = lazy(() => import('../pages/Dashboard.js'));
const Timeline = lazy(() => import('../pages/Timeline.js'));
const Analytics = lazy(() => import('../pages/Analytics.js'));
const Signals = lazy(() => import('../pages/Signals.js'));
const Trades = lazy(() => import('../pages/Trades.js'));
const Market = lazy(() => import('../pages/Market.js'));
const Alerts = lazy(() => import('../pages/Alerts.js'));

function NotFound() {
  return <p className="text-slate-400">No such page.</p>;
}

export function App() {
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Dashboard />} />
        <Route path="/timeline" element={<Timeline />} />
        <Route path="/analytics" element={<Analytics />} />
        <Route path="/signals" element={<Signals />} />
        <Route path="/trades" element={<Trades />} />
        <Route path="/market" element={<Market />} />
        <Route path="/alerts" element={<Alerts />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

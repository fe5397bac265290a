// Entry point: mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RootApp } from './app';
import './app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RootApp />
  </StrictMode>,
);

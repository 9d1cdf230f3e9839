import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { Root } from './app/root';
import { beginMatchedRender } from './lib/first-render';
import { readFirstLook } from './lib/first-look-page';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/feedback.css';
import './styles/forms.css';
import './styles/profiles.css';
import './styles/targets.css';
import './styles/hosts.css';
import './styles/tunnels.css';
import './styles/drawer.css';
import './styles/paths.css';
import './styles/sign-in.css';
import './styles/diagnosis.css';

const el = document.getElementById('root');
const rendered = readFirstLook(document);
if (el && rendered) {
  // The daemon rendered the first screen (render-first-look.tsx): take it over with the same data and clock.
  beginMatchedRender(rendered.now);
  hydrateRoot(
    el,
    <StrictMode>
      <Root firstLook={rendered.look} />
    </StrictMode>,
    {
      onRecoverableError: (error) => {
        // React renders the page again in the browser: correct, only slower. Said so a test can catch it.
        document.documentElement.dataset.firstRender = 'mismatch';
        console.error('The dashboard rendered differently from the page the daemon sent', error);
      },
    },
  );
} else if (el) {
  createRoot(el).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

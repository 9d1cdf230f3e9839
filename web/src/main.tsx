import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/root';
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
import './styles/sign-in.css';
import './styles/diagnosis.css';

const el = document.getElementById('root');
if (el) {
  createRoot(el).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

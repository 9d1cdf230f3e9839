import { lazy, Suspense, useState, type ComponentProps } from 'react';
import type { DiagnosisDrawer } from '../features/diagnosis/components/diagnosis-drawer';
import type { IamPolicyDrawer } from '../features/diagnosis/components/iam-policy-drawer';
import type { ExportsSection } from '../features/exports/components/exports-section';

// What a person opens now and then (a diagnosis, the IAM policies, the exports) loads when first opened, so the
// page everyone keeps open stays small. Once loaded, a drawer stays mounted so closing it can give focus back.

const Diagnosis = lazy(() => import('../features/diagnosis/components/diagnosis-drawer').then((m) => ({ default: m.DiagnosisDrawer })));
const Policies = lazy(() => import('../features/diagnosis/components/iam-policy-drawer').then((m) => ({ default: m.IamPolicyDrawer })));
const Exports = lazy(() => import('../features/exports/components/exports-section').then((m) => ({ default: m.ExportsSection })));

/** True from the first time `open` is true. */
function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}

export function DiagnosisDrawerOnDemand(props: ComponentProps<typeof DiagnosisDrawer>) {
  if (!useOpenedOnce(props.request !== undefined)) return null;
  return (
    <Suspense fallback={null}>
      <Diagnosis {...props} />
    </Suspense>
  );
}

export function IamPolicyDrawerOnDemand(props: ComponentProps<typeof IamPolicyDrawer>) {
  if (!useOpenedOnce(props.open)) return null;
  return (
    <Suspense fallback={null}>
      <Policies {...props} />
    </Suspense>
  );
}

export function ExportsOnDemand(props: ComponentProps<typeof ExportsSection>) {
  return (
    <Suspense fallback={<p className="muted small">Loading the exports…</p>}>
      <Exports {...props} />
    </Suspense>
  );
}

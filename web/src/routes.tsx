import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { ForcedPasswordChangePage } from './auth/ForcedPasswordChangePage';
import { RequireAuth, RequireRole } from './auth/RequireAuth';
import { SignInPage } from './auth/SignInPage';
import { NotFound } from './components/NotFound';
import { AppLayout } from './layout/AppLayout';

// Each screen is its own chunk so the first load stays small.
const WorklistPage = lazy(() => import('./features/worklist/WorklistPage'));
const IntakePage = lazy(() => import('./features/intake/IntakePage'));
const SamplePage = lazy(() => import('./features/sample/SamplePage'));
const ResultsEntryPage = lazy(() => import('./features/results/ResultsEntryPage'));
const ImportsPage = lazy(() => import('./features/imports/ImportsPage'));
const ReviewQueuePage = lazy(() => import('./features/review/ReviewQueuePage'));
const CoaPage = lazy(() => import('./features/coa/CoaPage'));
const ReportingPage = lazy(() => import('./features/reporting/ReportingPage'));
const AdminPage = lazy(() => import('./features/admin/AdminPage'));
const ChangePasswordPage = lazy(() => import('./auth/ChangePasswordPage'));

const labUsers = ['technician', 'manager', 'admin'] as const;
const bench = ['technician', 'manager'] as const;

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/set-password', element: <ForcedPasswordChangePage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/worklist" replace /> },
      {
        path: 'worklist',
        element: (
          <RequireRole roles={[...labUsers]}>
            <WorklistPage />
          </RequireRole>
        ),
      },
      {
        path: 'intake',
        element: (
          <RequireRole roles={[...bench]}>
            <IntakePage />
          </RequireRole>
        ),
      },
      {
        path: 'imports',
        element: (
          <RequireRole roles={[...bench]}>
            <ImportsPage />
          </RequireRole>
        ),
      },
      {
        path: 'review',
        element: (
          <RequireRole roles={['manager']}>
            <ReviewQueuePage />
          </RequireRole>
        ),
      },
      {
        path: 'reporting',
        element: (
          <RequireRole roles={[...labUsers]}>
            <ReportingPage />
          </RequireRole>
        ),
      },
      {
        path: 'admin',
        element: (
          <RequireRole roles={['admin']}>
            <AdminPage />
          </RequireRole>
        ),
      },
      { path: 'samples/:id', element: <SamplePage /> },
      {
        path: 'samples/:id/results',
        element: (
          <RequireRole roles={[...bench]}>
            <ResultsEntryPage />
          </RequireRole>
        ),
      },
      { path: 'samples/:id/coa', element: <CoaPage /> },
      { path: 'account/password', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

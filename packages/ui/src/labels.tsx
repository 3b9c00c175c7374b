'use client';

import { createContext, type ReactNode, useContext } from 'react';

/**
 * The few words the shared components say themselves (buttons, accessible names), so an app can give
 * them in its user's language: wrap it in `UiLabelsProvider`. Without one they are English.
 */
export type UiLabels = {
  cancel: string;
  close: string;
  /** The close button of a titled panel (a sheet): "Close menu". */
  closeNamed: (title: string) => string;
  loading: string;
  somethingWentWrong: string;
  tryAgain: string;
  /** A tab list's accessible name. */
  sections: string;
  /** A table's scroll box, while its columns overflow. */
  tableScrolls: string;
};

export const ENGLISH_UI_LABELS: UiLabels = {
  cancel: 'Cancel',
  close: 'Close',
  closeNamed: (title) => `Close ${title.toLowerCase()}`,
  loading: 'Loading',
  somethingWentWrong: 'Something went wrong',
  tryAgain: 'Try again',
  sections: 'Sections',
  tableScrolls: 'Table, scrolls sideways',
};

const UiLabelsContext = createContext<UiLabels>(ENGLISH_UI_LABELS);

export function UiLabelsProvider({ labels, children }: { labels: UiLabels; children: ReactNode }) {
  return <UiLabelsContext.Provider value={labels}>{children}</UiLabelsContext.Provider>;
}

export const useUiLabels = () => useContext(UiLabelsContext);

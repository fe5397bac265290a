// "Something happened that may have sent messages": workflow actions and saves call this, the bell listens and
// asks the server again (besides its regular poll).
const listeners = new Set<() => void>();

export function messagesMayHaveChanged(): void {
  listeners.forEach((l) => l());
}

export function onMessagesMayHaveChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// jose 6 is ESM-only. Node 24 require()s it fine, but a static import would make every Jest
// suite that imports this library fail to load unless Jest runs with
// --experimental-vm-modules, so it is loaded the first time a token is signed or verified.
type Jose = typeof import('jose');

let jose: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  jose ??= import('jose');
  return jose;
}

import { transformSync } from '@swc/core';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

type Jose = typeof import('jose');

/**
 * jose 6 ships only ES modules, which Jest can require() only under
 * --experimental-vm-modules. Specs mock 'jose' with this: the real jose when Jest can load
 * it, otherwise the same files compiled to CommonJS on the fly. Either way the code under
 * test runs the genuine library.
 */
export function joseForJest(): Jose {
  try {
    return jest.requireActual<Jose>('jose');
  } catch {
    return compileToCommonJs(require.resolve('jose')) as Jose;
  }
}

function compileToCommonJs(entry: string): unknown {
  const modules = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const cached = modules.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} };
    modules.set(file, module);
    const { code } = transformSync(readFileSync(file, 'utf8'), {
      filename: file,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
    });
    const localRequire = (specifier: string): unknown => {
      // jose has no dependencies; its modules import only one another.
      if (!specifier.startsWith('.')) throw new Error(`jose-for-jest cannot load ${specifier}`);
      return load(resolve(dirname(file), specifier));
    };
    new Function('exports', 'require', 'module', code)(module.exports, localRequire, module);
    return module.exports;
  };
  return load(entry);
}

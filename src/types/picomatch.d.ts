// The parts of picomatch (4.x, ships no types) that collect/glob.ts uses.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
    nocase?: boolean;
  }
  interface ScanResult {
    base: string;
    glob: string;
    isGlob: boolean;
    negated: boolean;
  }
  interface Picomatch {
    (glob: string, options?: PicomatchOptions): (path: string) => boolean;
    scan(input: string, options?: PicomatchOptions): ScanResult;
  }
  const picomatch: Picomatch;
  export default picomatch;
}

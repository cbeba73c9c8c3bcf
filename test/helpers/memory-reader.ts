// The in-memory reader lives in the core (hms-ops alert test runs on it); tests import it from here.
export { memoryReader, type MemoryEvent } from '../../src/core/memory-reader.ts';

// IndexedDB for store and storage code under Node, as the issues ask: fake-indexeddb.
import "fake-indexeddb/auto";

// `fixturePath` and the other shared test helpers live in the TestSupport target (Tests/TestSupport).
// Re-exported here so every file of this target sees them without an import of its own.
@_exported import TestSupport

module.exports = {
  testEnvironment: 'node',
  // Tests spawn the CLI and read the corpus; on a loaded machine the 5 s default fails them for no reason (speed is
  // measured by `npm run bench`, never by a test's timeout).
  testTimeout: 30000,
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  extensionsToTreatAsEsm: [],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transformIgnorePatterns: ['node_modules/(?!web-tree-sitter)'],
};

'use strict';

/** A JSON object printed on one line by a child (node-runner --json, the adversaries), or undefined for any other line. */
function parseJson(line) {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

module.exports = { parseJson };

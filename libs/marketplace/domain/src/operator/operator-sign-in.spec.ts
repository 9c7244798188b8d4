import { decideChallenge, judgeChallengeAnswer, MAX_OPEN_CHALLENGES_PER_NODE, OPERATOR_CHALLENGE_TTL_MS, OPERATOR_SESSION_TTL_MS, sessionLive, type OperatorChallenge } from './operator-sign-in';

const nodeId = 'U'.padEnd(56, 'A');
const now = new Date('2026-11-30T16:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const issued: OperatorChallenge = { challenge: 'cxc_abc', nodeId, expiresAt: later(OPERATOR_CHALLENGE_TTL_MS) };
const answer = (over: Partial<Parameters<typeof judgeChallengeAnswer>[0]> = {}) => ({ nodeId, challenge: 'cxc_abc', signatureValid: true, now: later(1_000), ...over });
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'no refusal';
};

describe('operator sign-in challenges', () => {
  it('given a registered node, when it asks for a challenge, then it gets one expiring after the TTL', () => {
    expect(decideChallenge({ nodeId, nodeKnown: true, openChallenges: 0, challenge: 'cxc_abc', now })).toEqual(issued);
  });

  it('given no such node, when a challenge is asked for it, then OPERATOR.NODE_NOT_FOUND', () => {
    expect(codeOf(() => decideChallenge({ nodeId, nodeKnown: false, openChallenges: 0, challenge: 'x', now }))).toBe('OPERATOR.NODE_NOT_FOUND');
  });

  it('given a node with its open challenges at the cap, when it asks for another, then OPERATOR.TOO_MANY_CHALLENGES', () => {
    const ask = () => decideChallenge({ nodeId, nodeKnown: true, openChallenges: MAX_OPEN_CHALLENGES_PER_NODE, challenge: 'x', now });
    expect(codeOf(ask)).toBe('OPERATOR.TOO_MANY_CHALLENGES');
  });
});

describe('operator sign-in answers', () => {
  it('given an issued challenge, when the node signs it in time, then a session expiring after the session TTL', () => {
    expect(judgeChallengeAnswer(answer(), issued)).toEqual({ nodeId, expiresAt: later(1_000 + OPERATOR_SESSION_TTL_MS) });
  });

  it('given an issued challenge, when the signature does not verify, then OPERATOR.SIGNATURE_INVALID', () => {
    expect(codeOf(() => judgeChallengeAnswer(answer({ signatureValid: false }), issued))).toBe('OPERATOR.SIGNATURE_INVALID');
  });

  it('given an issued challenge, when it is answered at or after its expiry, then OPERATOR.CHALLENGE_EXPIRED', () => {
    expect(codeOf(() => judgeChallengeAnswer(answer({ now: issued.expiresAt }), issued))).toBe('OPERATOR.CHALLENGE_EXPIRED');
  });

  it('given a used or never issued challenge, when it is answered, then OPERATOR.CHALLENGE_UNKNOWN', () => {
    expect(codeOf(() => judgeChallengeAnswer(answer(), null))).toBe('OPERATOR.CHALLENGE_UNKNOWN');
  });

  it("given another node's challenge, when a node answers it, then OPERATOR.CHALLENGE_UNKNOWN", () => {
    expect(codeOf(() => judgeChallengeAnswer(answer({ nodeId: 'U'.padEnd(56, 'B') }), issued))).toBe('OPERATOR.CHALLENGE_UNKNOWN');
  });
});

describe('operator sessions', () => {
  it('admits a session before its expiry and not from it on', () => {
    expect(sessionLive({ expiresAt: later(1) }, now)).toBe(true);
    expect(sessionLive({ expiresAt: now }, now)).toBe(false);
  });
});

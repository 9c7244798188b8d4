import { SecaggMalformed, SecaggRefusal } from '../errors';
import { x25519PublicKey } from '../crypto/x25519';
import { membersSchema, parseOrThrow } from '../wire/common';
import type { Member } from './types';

/** The validated members of a job or round, with index lookups (index = position by nodeId). */
export class Roster {
  readonly members: readonly Member[];
  private readonly indexById: Map<string, number>;

  /** `threshold`, when given, must be an integer in 2..members. */
  constructor(members: readonly Member[], threshold?: number) {
    this.members = parseOrThrow(membersSchema, members, 'members');
    this.indexById = new Map(this.members.map((m, i) => [m.nodeId, i]));
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 2 || threshold > this.members.length)) {
      throw new SecaggMalformed(`threshold ${threshold} must be an integer in 2..${this.members.length}`);
    }
  }

  /** Position of a member; throws when the node is not one. */
  index(nodeId: string): number {
    const i = this.indexById.get(nodeId);
    if (i === undefined) throw new SecaggMalformed(`${nodeId} is not a member`);
    return i;
  }

  member(nodeId: string): Member {
    return this.members[this.index(nodeId)];
  }

  /** Shamir x of every member, in order: index + 1. */
  xs(): number[] {
    return this.members.map((_, i) => i + 1);
  }

  maskingKey(nodeId: string): string {
    const key = this.member(nodeId).maskingKey;
    if (key === undefined) throw new SecaggMalformed(`member ${nodeId} has no maskingKey`);
    return key;
  }

  /** Checks that a private key belongs to the member's registered public key. */
  checkOwnKey(nodeId: string, privateKey: string, kind: 'encryption' | 'masking'): void {
    const expected = kind === 'encryption' ? this.member(nodeId).encryptionKey : this.maskingKey(nodeId);
    if (x25519PublicKey(privateKey) !== expected) throw new SecaggMalformed(`the ${kind} private key does not match ${nodeId}'s ${kind} key`);
  }

  /**
   * Checks that survivors and dropped split the members exactly. A node in both is a request to
   * expose its update: SecaggRefusal (checked first, so it is never hidden by another error).
   */
  checkPartition(survivors: readonly string[], dropped: readonly string[]): void {
    const both = survivors.filter((id) => dropped.includes(id));
    if (both.length > 0) throw new SecaggRefusal(`refusing to reveal both the self-mask and the masking key of ${both.join(', ')}`);
    const listed = [...survivors, ...dropped];
    if (new Set(listed).size !== listed.length) throw new SecaggMalformed('survivors or dropped lists a node twice');
    listed.forEach((id) => this.index(id));
    if (listed.length !== this.members.length) throw new SecaggMalformed('survivors and dropped must together list every member');
  }
}

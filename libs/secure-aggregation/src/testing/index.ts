export { simulateRound, type SimulatedRoundCost } from './simulate';
export { setUpFederation, runSimulatedRound, randomNodeId, type SimulatedFederation, type SimulatedRound, type SimulatedRoundInput } from './federation';
export { syntheticDelta, plainWeightedSum } from './vectors';

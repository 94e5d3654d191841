/**
 * The local plane of a node: {@link io.drover.node.NodeRuntime} wires the OS layer ({@code os}), the daemon log
 * ({@code mainlog}), child logs ({@code logs}), events ({@code events}) and the actors ({@code supervisor},
 * {@code process}) into one local ActorSystem that never joins a cluster.
 */
package io.drover.node;

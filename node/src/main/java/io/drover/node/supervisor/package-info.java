/**
 * The node's command protocol and its root actor {@link io.drover.node.supervisor.NodeSupervisor}: what the
 * XML-RPC, JSON and fleet layers ask of a node, answered with {@link io.drover.node.supervisor.Reply} values or
 * supervisord's {@link io.drover.node.supervisor.Fault}s.
 */
package io.drover.node.supervisor;

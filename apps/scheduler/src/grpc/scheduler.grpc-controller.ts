import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { schedulerV1 } from '@ovation/contracts';
import { GrpcErrorFilter } from '@ovation/grpc';
import { nodeKindFromProto, nodeReportFromProto, NodesService, PlacementService, registeredNodeToProto } from '@ovation/scheduler-server';

@Controller()
@UseFilters(GrpcErrorFilter)
export class SchedulerGrpcController implements schedulerV1.SchedulerServiceController {
  constructor(
    private readonly nodes: NodesService,
    private readonly placement: PlacementService,
  ) {}

  @GrpcMethod('SchedulerService', 'Heartbeat')
  async heartbeat(request: schedulerV1.HeartbeatRequest): Promise<schedulerV1.HeartbeatResponse> {
    return this.nodes.heartbeat(nodeReportFromProto(request.node));
  }

  @GrpcMethod('SchedulerService', 'SetDraining')
  async setDraining(request: schedulerV1.SetDrainingRequest): Promise<schedulerV1.SetDrainingResponse> {
    return { node: registeredNodeToProto(await this.nodes.setDraining(request.nodeId, request.draining)) };
  }

  @GrpcMethod('SchedulerService', 'AssignViewer')
  async assignViewer(request: schedulerV1.AssignViewerRequest): Promise<schedulerV1.AssignViewerResponse> {
    const { node } = await this.placement.assignViewer(request.roomId, request.userId);
    return { nodeId: node.nodeId, wsUrl: node.address };
  }

  @GrpcMethod('SchedulerService', 'AssignIngest')
  async assignIngest(request: schedulerV1.AssignIngestRequest): Promise<schedulerV1.AssignIngestResponse> {
    const node = await this.placement.assignIngest(request.roomId);
    return { nodeId: node.nodeId, rtmpUrl: node.address };
  }

  @GrpcMethod('SchedulerService', 'ListNodes')
  async listNodes(request: schedulerV1.ListNodesRequest): Promise<schedulerV1.ListNodesResponse> {
    const nodes = await this.nodes.list(nodeKindFromProto(request.kind));
    return { nodes: nodes.map(registeredNodeToProto) };
  }
}

import { IsAnyUuid } from './uuid.validator';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RELATION_VIEWS, RelationView } from '../../domain/task.types';

export class AddRelationRequest {
  @ApiProperty({
    enum: RELATION_VIEWS,
    example: 'blocks',
    description:
      'From this task: `blocks` the other, is `blocked_by` it, `relates_to`, `duplicates` or is `duplicated_by` it. Inverse types are stored once, as the forward relation.',
  })
  @IsIn(RELATION_VIEWS)
  type: RelationView;

  @ApiProperty({ format: 'uuid', description: 'The other task (same organization; any project)' })
  @IsAnyUuid()
  taskId: string;
}

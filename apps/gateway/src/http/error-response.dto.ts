import { ApiProperty } from '@nestjs/swagger';

class ErrorDetail {
  @ApiProperty({ example: 'invalid_argument' }) code!: string;
  @ApiProperty({ example: 'title must not be empty' }) message!: string;
  @ApiProperty({ required: false, example: 'title', description: 'The request field at fault' }) field?: string;
}

/** The one error shape of the public API, for the OpenAPI document. */
export class ErrorResponse {
  @ApiProperty({ type: ErrorDetail }) error!: ErrorDetail;
}

import { Body, Controller, Get, Module, NotFoundException, Post } from '@nestjs/common';
import { IsEmail, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Public } from '@app/identity';

class EchoDto {
  @IsString() @MaxLength(20) name!: string;
  @IsInt() @Min(1) @Max(4) rating!: number;
  @IsEmail() email!: string;
}

/** Routes that exist only in tests, to exercise the error paths every real route shares. */
@Controller('test')
@Public()
class ProbeController {
  @Post('echo')
  echo(@Body() body: EchoDto) {
    return body;
  }

  @Get('missing')
  missing() {
    throw new NotFoundException('No application with that id');
  }

  @Get('boom')
  boom() {
    throw new Error('connection string postgres://secret@db leaked?');
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}

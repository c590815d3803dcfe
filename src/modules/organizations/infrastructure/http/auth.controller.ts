import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@switchyard/auth';
import { WithoutTransaction } from '@switchyard/database';
import { ApiProblem, ApiProblems } from '@switchyard/http';
import type { FastifyRequest } from 'fastify';
import { AuthService, Session } from '../../application/auth.service';
import { LoginRequest, RefreshRequest, SessionResponse, SignupRequest } from './auth.dto';

/** Open routes. Each service call opens its own tenant transaction once the organization is known. */
@ApiTags('Auth')
@Controller('v1/auth')
@Public()
@WithoutTransaction()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
  @ApiOperation({ summary: 'Create an organization and its owner, and log in', description: 'Limited per client address (429 with Retry-After).' })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiProblem(429, 'Too many sign-ups from this address; see Retry-After (`AUTH.RATE_LIMITED`)')
  @ApiProblems('400', '409')
  signup(@Body() body: SignupRequest, @Req() request: FastifyRequest): Promise<Session> {
    return this.auth.signup(body, request.ip);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Every attempt spends the password-attempt budget of the account and of the client address, before the password is checked (429 with Retry-After once spent; a right password gives its attempt back).',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(401, 'Wrong email or password (`AUTH.INVALID_CREDENTIALS`)')
  @ApiProblem(429, 'Too many password attempts for this account or address; see Retry-After (`AUTH.RATE_LIMITED`)')
  @ApiProblems('400')
  login(@Body() body: LoginRequest, @Req() request: FastifyRequest): Promise<Session> {
    return this.auth.login(body.email, body.password, body.organization, request.ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description: 'Rotation: the token is spent and a new one returned. Presenting a spent token again revokes every token of that login.',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(401, 'Unknown, expired, revoked or reused refresh token (`AUTH.REFRESH_TOKEN_INVALID`, `AUTH.REFRESH_TOKEN_REUSED`)')
  @ApiProblems('400')
  refresh(@Body() body: RefreshRequest): Promise<Session> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the login a refresh token belongs to' })
  @ApiNoContentResponse({ description: 'Revoked (also answered for unknown tokens)' })
  @ApiProblems('400')
  logout(@Body() body: RefreshRequest): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }
}

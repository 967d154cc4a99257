'use strict';

const headers = {
  'Content-Type': 'application/json',
  'Access-Control-Allow-Origin': '*',
};

exports.list = async () => {
  return { statusCode: 200, headers, body: JSON.stringify({ orders: [] }) };
};

exports.update = async (event) => {
  if (!event.body) {
    return { statusCode: 400, body: JSON.stringify({ message: 'missing body' }) };
  }
  const order = JSON.parse(event.body);
  return { statusCode: 200, headers, body: JSON.stringify(order) };
};
